import { MemoryTaskCatalog } from '../../adapters/memory/index.js';
import { taskCatalogContract } from './task-catalog.contract.js';

taskCatalogContract('memory', async () => ({ catalog: new MemoryTaskCatalog(), cleanup: async () => undefined }));
