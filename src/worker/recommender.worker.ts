/// <reference lib="webworker" />
/**
 * The worker's entry: one API over one session, exposed to the page through Comlink. What each
 * part owns: docs/architecture.md.
 */
import * as Comlink from 'comlink';
import { ComputeBackend } from './backend';
import { IndexedDbStorage } from './storage/indexeddb-storage';
import { createWorkerApi } from './worker-api';

Comlink.expose(createWorkerApi(new IndexedDbStorage(), new ComputeBackend()));
