"""The agency workbook's model, pure (no xlwings, XlsxWriter, openpyxl or zip files here).

``layout`` knows where everything is (with ``address``: cell references, ``heights``: how tall
wrapped text is); ``ops`` holds the :class:`~.ops.Snapshot` a command reads and the ops it asks for;
``reader`` and ``staff`` read an agency case and the staff's cells from a snapshot; ``actions`` are the
commands behind every button. The file is :mod:`ita_xl.xlsx`'s, the live book :mod:`ita_xl.excel`'s.
"""
