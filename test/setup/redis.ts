import type { TestProject } from 'vitest/node';
import { redisAnswers, redisServerOnPath, startRedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Redis every test that needs one talks to (test/setup/redis-env.ts reads it). */
    redisUrl: string;
  }
}

const LOCAL_REDIS = 'redis://127.0.0.1:6379';

/**
 * Vitest globalSetup: makes sure a real Redis is there before any test file runs.
 * REDIS_URL wins; else a Redis on 127.0.0.1:6379; else a private redis-server on a free
 * port, stopped in teardown. The URL reaches test workers through provide()/inject(),
 * and through REDIS_URL for code that reads the environment.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const configured = process.env.REDIS_URL;
  if (configured !== undefined && configured !== '') {
    if (!(await redisAnswers(configured, 2_000))) {
      throw new Error('REDIS_URL is set but that Redis does not answer PING');
    }
    project.provide('redisUrl', configured);
    return undefined;
  }
  if (await redisAnswers(LOCAL_REDIS)) {
    useRedis(project, LOCAL_REDIS);
    return undefined;
  }
  if (!redisServerOnPath()) {
    throw new Error(
      'Tests need Redis: none answers on 127.0.0.1:6379 and redis-server is not on PATH. ' +
        'Install it (apt-get install redis-server), start one, or set REDIS_URL.',
    );
  }
  const server = await startRedisServer();
  useRedis(project, server.url);
  return async () => {
    await server.stop();
    delete process.env.REDIS_URL;
  };
}

function useRedis(project: TestProject, url: string): void {
  process.env.REDIS_URL = url;
  project.provide('redisUrl', url);
}
