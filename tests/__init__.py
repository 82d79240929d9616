"""Test suite: builds real sites into temporary folders and checks what readers would get."""
