"""Tools around the build: serving, benchmarks, Lighthouse, the originality check, npm tools."""
