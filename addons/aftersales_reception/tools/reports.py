# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def without_jit(cr):
    """Run the rest of the transaction without PostgreSQL's JIT compilation.

    The suite's reports are planned on the whole history (a million cases)
    and group it down to a few thousand rows: compiling such a plan takes
    PostgreSQL longer than running it (26 s more than an 11 s dashboard at a
    million cases). ``SET LOCAL`` ends with the transaction and is allowed
    in read-only ones (replicas)."""
    cr.execute("SET LOCAL jit = off")
