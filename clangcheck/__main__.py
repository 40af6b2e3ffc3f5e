import sys

from clangcheck.cli import main

sys.exit(main())
