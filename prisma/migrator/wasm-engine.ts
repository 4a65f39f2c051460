import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';

export type { SchemaEngine };

/**
 * The schema engine compiled to WebAssembly. Its package entry imports the .wasm file as an ES module,
 * which Node 20 cannot do, so the module is instantiated by hand (once per process: the bindings keep
 * the instance in module state).
 */
let ready: Promise<void> | undefined;

// The project's lib settings (ES2023, no DOM) do not declare WebAssembly; Node has it. The part used here:
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, object>): Promise<{ exports: object }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

function loadWasm(): Promise<void> {
  ready ??= (async () => {
    // The .wasm file is not exported by the package; it sits beside the bindings module, which is.
    const require = createRequire(import.meta.url);
    const bindingsPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = join(dirname(bindingsPath), 'schema_engine_bg.wasm');
    const module = await wasmApi.compile(await readFile(wasmPath));
    const instance = await wasmApi.instantiate(module, { './schema_engine_bg.js': withTrackedTimers(bg) });
    const exports = instance.exports as { __wbindgen_start: () => void };
    bg.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return ready;
}

/**
 * The engine races every database call against a timer (about 10 s) that it never clears, so a finished
 * engine would hold the event loop open that long. Its timers are tracked here and unref'd once the
 * work that created them is over (see withSchemaEngine): while work runs they behave normally.
 * (Two engines working at once in one process would unref each other's timers early; harmless, as
 * their open database connections keep the process alive while they work.)
 */
const pendingTimers = new Set<NodeJS.Timeout>();

function withTrackedTimers(bindings: typeof bg): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...bindings };
  const name = Object.keys(bindings).find((key) => key.startsWith('__wbg_setTimeout_'));
  if (!name) return imports;
  imports[name] = (callback: () => void, ms: number) => {
    const timer = setTimeout(() => {
      pendingTimers.delete(timer);
      callback();
    }, ms >>> 0);
    pendingTimers.add(timer);
    return timer;
  };
  return imports;
}

function releasePendingTimers(): void {
  for (const timer of pendingTimers) timer.unref();
  pendingTimers.clear();
}

export interface OpenSchemaEngineOptions {
  schemaPath: string;
  schemaText: string;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Receives the engine's own log lines (JSON strings). */
  onLog?: (line: string) => void;
}

export async function openSchemaEngine(options: OpenSchemaEngineOptions): Promise<SchemaEngine> {
  await loadWasm();
  return bg.SchemaEngine.new(
    { datamodels: [[options.schemaPath, options.schemaText]] },
    (line: string) => options.onLog?.(line),
    bindMigrationAwareSqlAdapterFactory(options.adapterFactory),
  );
}

/** Runs `work` with a fresh engine and frees it afterwards. */
export async function withSchemaEngine<T>(
  options: OpenSchemaEngineOptions,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const engine = await openSchemaEngine(options);
  try {
    return await work(engine);
  } finally {
    engine.free();
    releasePendingTimers();
  }
}
