"""Documents as plain blocks (headings, paragraphs, tables, pictures) and their PDF rendering."""
