"""Office Open XML: namespaces, the zip package, run properties and reading text back."""
