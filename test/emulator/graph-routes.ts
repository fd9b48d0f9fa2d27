// Graph routes (beta industryData, and subscribedSkus), one small file per resource. Each handler
// returns a Reply; emulator.ts does the auth check, the queue and the writing. The store and the
// test switches are ctx.graph (see GraphState in types.ts).
import { flowCollectionRoutes } from './flow-collection-routes.js';
import { flowRoutes } from './flow-routes.js';
import { flowSetRoutes } from './flow-set-routes.js';
import { roleGroupRoutes } from './role-group-routes.js';
import { runRoutes } from './run-routes.js';
import { skuRoutes } from './sku-routes.js';
import type { Route } from './types.js';

export const graphRoutes: Route[] = [...flowSetRoutes, ...flowCollectionRoutes, ...flowRoutes, ...roleGroupRoutes, ...runRoutes, ...skuRoutes];
