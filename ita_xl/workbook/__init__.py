"""The agency workbook: layout, template builder, pure commands and the file adapter.

``layout`` knows where everything is; ``commands`` turn a :class:`~.ops.Snapshot` into ops;
``fileio`` reads and writes files with openpyxl; ``template`` builds new workbooks with XlsxWriter.
"""
