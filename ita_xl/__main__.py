import sys

from ita_xl.cli import main

sys.exit(main())
