"""`python -m factorypulse.devstack ...`"""

import sys

from factorypulse.devstack.commands import main

sys.exit(main())
