import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { installDeniedAudit } from './http/audit-denied.js';
import { installAuthentication } from './http/authenticate.js';
import { installErrorHandler } from './http/error-handler.js';
import { installNulCheck, validatorCompilers } from './http/input.js';
import { installPolicy, type RegisteredRoute } from './http/policy.js';
import { fhirPlugins, modulePlugins } from './modules.js';
import type { JobQueue } from './jobs/queue.js';
import type { VariantStore } from './variant-store/index.js';
import type { ServerKnowledge } from './interpretation/index.js';

export interface AppDeps {
  config: Config;
  db: Db;
  /** The variant pipeline of this process: the shared variant store and the job queue. */
  variants?: { store: VariantStore; queue: JobQueue };
  /** Where the log goes (stdout when absent); tests pass a stream to read it. */
  logStream?: NodeJS.WritableStream;
  /** The knowledge bundle interpretation runs with (KIBAN_KNOWLEDGE_DIR, or the demo's). */
  knowledge?: ServerKnowledge;
}

declare module 'fastify' {
  interface FastifyInstance {
    kibanRoutes: RegisteredRoute[];
  }
}

/**
 * The request as logged: Fastify's default fields, with identifier values in a query string
 * (FHIR `identifier=system|value` searches) replaced, so no hospital patient id reaches the logs.
 */
export function requestLogLine(req: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: req.method, url: redactIdentifiers(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

export function redactIdentifiers(url: string): string {
  return url.replace(/([?&]identifier=)([^&]*)/g, (_m, key: string, value: string) => {
    const bar = decodeURIComponent(value).lastIndexOf('|');
    return `${key}${bar >= 0 ? encodeURIComponent(decodeURIComponent(value).slice(0, bar + 1)) : ''}[redacted]`;
  });
}

/** Where `npm run build:web` puts the single-page app; absent in a checkout that was not built. */
export function webDistDir(): string {
  // dist/server/app.js → dist/web; src/app.ts (tests, tsx) → dist/web
  const candidates = [new URL('../web/', import.meta.url), new URL('../dist/web/', import.meta.url)].map((u) => fileURLToPath(u));
  return candidates.find((d) => existsSync(`${d}index.html`)) ?? candidates[0]!;
}

/**
 * Builds the HTTP app without listening (Fastify's testing split): tests use `app.inject`.
 */
export async function buildApp(deps: AppDeps, opts: { webDir?: string | false } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.config.logLevel === 'silent' ? false : {
      level: deps.config.logLevel, serializers: { req: requestLogLine }, ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    // One line per request, at config.requestLogLevel (installRequestLog) instead of Fastify's two at info.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    bodyLimit: 10 * 1024 * 1024,
    schemaController: { compilersFactory: validatorCompilers() },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const webDir = opts.webDir ?? webDistDir();
  const serveWeb = Boolean(webDir && existsSync(webDir));
  app.decorate('kibanRoutes', installPolicy(app));
  installErrorHandler(app, { spaFallback: serveWeb });
  installNulCheck(app);
  installRequestLog(app, deps.config.requestLogLevel ?? 'info');
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // 'wasm-unsafe-eval' lets the page compile WebAssembly (the upload's incremental SHA-256,
        // hash-wasm) and nothing else: JavaScript eval stays blocked.
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(fastifyCookie);
  installAuthentication(app, deps.db);
  installDeniedAudit(app, deps.db);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Kiban API', version: '0.1.0', description: 'Whole-genome medicine platform (情報基盤)' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kiban_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  for (const plugin of modulePlugins) await app.register(plugin, { prefix: '/api', deps });
  for (const plugin of fhirPlugins) await app.register(plugin, { prefix: '/fhir/R4', deps });

  if (serveWeb && webDir) {
    // Vite names built assets by content hash, so a browser may keep them for good; index.html,
    // which names the current ones, is revalidated on every load. The build writes .br/.gz copies
    // beside each asset (web/vite.config.ts): the two Noto Sans JP files go 11 MB → 5.6 MB.
    await app.register(fastifyStatic, {
      root: webDir, prefix: '/', wildcard: false, index: ['index.html'], preCompressed: true, cacheControl: false,
      setHeaders: (res, path) => {
        res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  return app;
}

/** One log line per answered request: method, path (no query: it may carry search terms), status, time. */
function installRequestLog(app: FastifyInstance, level: 'trace' | 'debug' | 'info'): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log[level]({ method: request.method, url: request.url.split('?')[0], statusCode: reply.statusCode, responseTimeMs: Math.round(reply.elapsedTime) }, 'request completed');
  });
}
