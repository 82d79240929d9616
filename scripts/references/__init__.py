"""Stage 3, references: the bibliography, APA 7 in two languages, citations, cite-this blocks."""
