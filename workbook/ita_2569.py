"""Called by the workbook's buttons (xlwings SampleCall imports a module named like the file)."""
from ita_xl.excel.desktop import main  # noqa: F401
