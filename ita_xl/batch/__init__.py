"""Batch regeneration of many agencies' workbooks: ``ita-xl regenerate`` (see :mod:`.run`)."""
