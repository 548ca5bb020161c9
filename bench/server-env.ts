// The environment the bench and the soak start the product's server with
// (bench/procs/server.ts): production mode on loopback, its own database and
// data folder, the PBX simulator's event socket, no demo seed.
export const ESL_PASSWORD = 'ClueCon';

export function productServerEnv(o: { port: number; databaseUrl: string; dataDir: string; eslPort: number }): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(o.port),
    DATABASE_URL: o.databaseUrl,
    DATA_DIR: o.dataDir,
    ESL_HOST: '127.0.0.1',
    ESL_PORT: String(o.eslPort),
    ESL_PASSWORD,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
  };
}
