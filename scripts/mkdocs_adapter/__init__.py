"""The only code that imports MkDocs or Material: thin hooks that call the stages' modules."""
