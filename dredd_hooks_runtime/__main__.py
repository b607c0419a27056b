"""``python -m dredd_hooks_runtime --port N hookfile...``: the Dredd hooks handler."""

import sys

from ._listen import listen, option

if __name__ == "__main__":
    warm = option(sys.argv[1:], "--warm")
    if warm is not None:
        # A warm process has imported the hook files and listens on the port already:
        # it serves this run.
        from ._attach import hand_over

        status = hand_over(warm, sys.argv[1:])
        if status is not None:
            raise SystemExit(status)
    # Listen first: everything imported after this overlaps with Dredd connecting.
    listener = listen(sys.argv[1:])
    from ._console import attach_to_dredd

    # Next, so that even an import error below shows up in the Dredd run.
    attach_to_dredd()
    from ._server import main, run_and_exit

    run_and_exit(lambda: main(sys.argv[1:], listener))
