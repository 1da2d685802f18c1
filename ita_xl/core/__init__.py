"""The ITA logic: framework, scores, analysis, plan, checks. Imports neither xlwings nor openpyxl."""
