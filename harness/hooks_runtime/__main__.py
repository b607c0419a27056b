"""``python -m harness.hooks_runtime --port N hookfile...``: the Dredd hooks handler."""

import sys

from ._listen import listen

if __name__ == "__main__":
    # Listen first: everything imported after this overlaps with Dredd connecting.
    listener = listen(sys.argv[1:])
    from ._console import attach_to_dredd

    # Next, so that even an import error below shows up in the Dredd run.
    attach_to_dredd()
    from ._server import main

    raise SystemExit(main(sys.argv[1:], listener))
