"""ita_xl: the NACC ITA analysis and action plan, from scores to workbook and report."""

__version__ = "0.1.0"
