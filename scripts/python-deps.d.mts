/** Debian's python3 used for scripts/make-test-models.py. */
export declare const PYTHON: string;
/** Installs python3-torch and python3-onnx with apt-get when missing (as root); throws otherwise. */
export declare function ensurePythonDeps(): void;
