"""Importing this module warms the pipeline (spaCy-free text path, jieba, lexicons, matchers).

It exists for the batch's fork server (``multiprocessing`` "forkserver" context): the
server imports it once (``set_forkserver_preload``), and every worker forked from it
starts with the matchers already built instead of building them again each. Nothing
else should import it.
"""

from extractor import pattern_cache
from extractor.batch.worker import warm_pipeline

pattern_cache.install()
warm_pipeline()
pattern_cache.save()
