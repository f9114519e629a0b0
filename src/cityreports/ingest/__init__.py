"""Reading corpora: decoding, formats, manifests."""
