"""Session materials: the post-release, group materials, results workbook, CSV and bundle."""
