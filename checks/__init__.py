"""Check families, one module each (installed as clangcheck.checks); each lists its checks in CHECKS."""
