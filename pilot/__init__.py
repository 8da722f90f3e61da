# The Celery app (pilot/celery.py) is not loaded here, as Celery's Django recipe would have it: every task is
# declared with that app's own decorator (`from pilot.celery import app`), so whatever sends a task has loaded
# the app by importing the task, and `celery -A pilot` finds pilot.celery by itself. Processes that send no
# task (most management commands, report builds on the command line) start without Celery.
