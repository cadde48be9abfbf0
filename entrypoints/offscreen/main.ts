import { serveLlmHost } from '../../src/ml/llm/llm-offscreen';
import { serveOffscreenHost } from '../../src/ml/offscreen-host';

// Chrome's model host: an offscreen document (reason WORKERS) that owns the model worker, and
// the LLM's own worker beside it (started only when the LLM is used).
serveOffscreenHost();
serveLlmHost();
