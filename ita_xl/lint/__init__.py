"""``ita-xl lint``: check the analysis-and-measures document an agency already wrote.

Readers at the edge (:mod:`.readers`), then pure functions: the reading of what the document
states (:mod:`.extract`), the project's case and checks on it plus the document's own checks
(:mod:`.lint`, :mod:`.doccheck`), and the comparison with the agency's ITAS scores (:mod:`.source`).
"""
