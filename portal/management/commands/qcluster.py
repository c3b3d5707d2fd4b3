"""django-q2's ``qcluster``, made to stop cleanly when SIGTERM reaches its whole process group.

systemd (``KillMode=control-group``, its default), ``docker stop`` of a shell wrapper and a
terminal's Ctrl-C signal every process of the group at once. django-q2's sentinel, workers,
monitor and pusher then die where they stand, and the main process, whose handler sets the
cluster's stop event, waits for ever on a lock the dead sentinel held: the unit hangs until it is
killed, and a task in progress is cut short.

Here the stop signals are blocked before the cluster forks its processes, so every child inherits
the block (``fork`` keeps a signal mask; ``signal.signal(SIG_DFL)`` does not undo it) and only
the main process acts on them, once the cluster is up: it sets the stop event, the sentinel
stops the pusher, lets each worker finish its task and stops the monitor, then everything
exits with status 0. Being in the ``portal`` app, listed before ``django_q``, this command
replaces django-q2's own under the same name.
"""

import signal

from django_q.management.commands import qcluster

STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


class Command(qcluster.Command):
    help = "Starts the task worker (django-q2); stops cleanly on SIGTERM to its process group."

    def handle(self, *args, **options):
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            # Starts the cluster (children forked with the signals blocked) and returns.
            super().handle(*args, **options)
        finally:
            # A signal that arrived meanwhile is delivered now, to the cluster's own handler in
            # this process, which stops the cluster in order.
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
