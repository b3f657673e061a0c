"""Importing this module warms the pipeline (spaCy-free text path, jieba, lexicons, matchers).

It exists for the batch's fork server (``multiprocessing`` "forkserver" context): the
server imports it once (``set_forkserver_preload``), and every worker forked from it
starts with the matchers already built instead of building them again each. Nothing
else should import it.

The warm-up runs with the cyclic GC off, and what it built is then frozen (``gc.freeze``,
as CPython's documentation advises for a server that forks): the workers' collections
do not walk those long-lived objects again, nor touch (and so copy) their memory pages.
"""

import gc

from extractor import pattern_cache, pydantic_plugins
from extractor.batch.worker import warm_pipeline

gc.disable()
try:
    pattern_cache.install()
    pydantic_plugins.skip_discovery_if_none()  # a process of the command line's, like its parent
    warm_pipeline()
    pattern_cache.save()
finally:
    gc.freeze()
    gc.enable()
