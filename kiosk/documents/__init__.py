"""Documents: where they come from (sources), how they are set on A4 (rendering), how they are signed."""
