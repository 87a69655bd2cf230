"""dedup: find the copies of an article, align them, group them into stories.

The stages, each a module, read top to bottom:

1. preprocess (`text`): words, normal form, sentence spans, the article's opening, language;
2. fingerprint (`fingerprint`): MinHash of word shingles and of the word set, the
   embedding of the opening (USE multilingual), the normal-form hash; stored, so later
   builds compare new documents with old ones without recomputing them;
3. candidates (`index`): exact-hash look-up, MinHash LSH bands (the same banding as
   datasketch's MinHashLSH, computed in `minhash`), nearest opening vectors (exact
   search, or inverted-file cells trained once), all kept in SQLite tables and read a
   few rows per new document: never all pairs, and nothing held in memory grows with
   the corpus;
4. verify and align (`verify`, `align`): sentence alignment by wording and by meaning
   (multilingual sentence embeddings); a pair is a copy only when the alignment covers
   most of the smaller document;
5. classify (`verify`): exact, near, contains, rewrite or translation;
6. cluster (`stories`): connected copies form a story with one canonical member.

`find_copies(documents)` runs all of it over documents in memory (the index in a scratch
in-memory database); the build runs it incrementally through
`newsgraph.store.copies.run_dedup_step`, the index in the store.

>>> from newsgraph.dedup import find_copies                      # doctest: +SKIP
>>> result = find_copies(documents)                              # doctest: +SKIP
>>> [(r.a, r.b, r.kind, r.score) for r in result.relations]      # doctest: +SKIP
"""

from newsgraph.dedup.finder import CopyFinder, CopyResult, find_copies
from newsgraph.dedup.params import CopyParams

__all__ = ["CopyFinder", "CopyParams", "CopyResult", "find_copies"]
