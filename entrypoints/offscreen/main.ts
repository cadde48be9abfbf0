import { serveOffscreenHost } from '../../src/ml/offscreen-host';

// Chrome's model host: an offscreen document (reason WORKERS) that owns the model worker.
serveOffscreenHost();
