"""``ita-xl lint``: check the analysis-and-measures document an agency already wrote.

Readers at the edge (:mod:`.readers`), then pure functions: the reading of what the document
states — its words (:mod:`.patterns`), its tables (:mod:`.tables`), its sentences
(:mod:`.statements`) and the walk through it (:mod:`.extract`) into a :mod:`.records` reading —
the project's case and checks on it plus the document's own checks (:mod:`.lint`,
:mod:`.doccheck`), and the comparison with the agency's ITAS scores (:mod:`.source`).
"""
