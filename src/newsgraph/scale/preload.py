"""Imported by the fork server, and only there: it loads what every worker needs before
the server forks any (see `newsgraph.scale.local.load_in_fork_server`). Nothing else may
import this module: importing it is the loading."""

from newsgraph.scale.local import load_in_fork_server

load_in_fork_server()
