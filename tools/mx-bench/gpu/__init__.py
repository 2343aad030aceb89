"""mx-bench-gpu's parts: the CUDA driver, our compiled kernels, the
baselines, the cases and the report."""
