"""The workbook's notebooks, shipped with the package as ``osint.notebooks`` so that
``osint report`` runs from an installed wheel too. They are read as files, never imported."""
