// @vitest-environment node
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getModel } from '../../../models/registry';
import { createEmbedder } from '../../../src/ml/embedder';
import { nodeFileSource } from '../../../src/ml/node-file-source';
import { configureRuntime } from '../../../src/ml/runtime';
import { TINY_ENCODER, copyOfModels } from './helpers';

describe('model file integrity', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await copyOfModels();
    configureRuntime({ localModelPath: `${dir}/`, backend: 'node' });
  });
  const load = (dtype: 'fp32' | 'q8') => createEmbedder({ model: getModel(TINY_ENCODER), dtype, device: 'cpu', source: nodeFileSource(dir) });

  it('refuses a graph whose sha256 differs from the registry', async () => {
    const file = path.join(dir, TINY_ENCODER, 'onnx/model.onnx');
    const bytes = await readFile(file);
    bytes[bytes.length - 10]! ^= 0xff; // same size, different content
    await writeFile(file, bytes);
    await expect(load('fp32')).rejects.toMatchObject({
      code: 'integrity',
      message: expect.stringMatching(/onnx\/model\.onnx has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}; refusing/),
    });
  });

  it('refuses a model with a missing file, naming it', async () => {
    await rm(path.join(dir, TINY_ENCODER, 'tokenizer.json'));
    await expect(load('q8')).rejects.toMatchObject({ code: 'missing-file', message: expect.stringContaining('tokenizer.json is missing') });
  });
});
