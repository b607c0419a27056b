"""``python -m harness.hooks_runtime --port N hookfile...``: the Dredd hooks handler."""

import sys

from ._listen import listen, option

if __name__ == "__main__":
    # Listen first: everything imported after this overlaps with Dredd connecting.
    listener = listen(sys.argv[1:])
    warm = option(sys.argv[1:], "--warm")
    if warm is not None and listener is not None and not isinstance(listener, OSError):
        # A warm process has imported the hook files already: it serves this run.
        from ._attach import hand_over

        status = hand_over(warm, sys.argv[1:], listener)
        if status is not None:
            raise SystemExit(status)
    from ._console import attach_to_dredd

    # Next, so that even an import error below shows up in the Dredd run.
    attach_to_dredd()
    from ._server import main

    raise SystemExit(main(sys.argv[1:], listener))
