export default async function globalTeardown() {
  await globalThis.__CHILDLINK_PG__?.stop();
}
