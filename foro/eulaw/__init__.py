"""EU law: directives, their transposition into Flemish law and infringement cases."""
