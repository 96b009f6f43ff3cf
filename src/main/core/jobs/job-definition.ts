import { z } from 'zod';
import { ExposedPortSchema } from './exposed-service';

/**
 * Job definitions in the Nosana v0.1 dialect that GridHost runs: a container job with one or more
 * `container/run` ops (https://docs.nosana.io, `@nosana/types` JobDefinition). The shapes here are strict:
 * a field GridHost does not know is refused rather than ignored, because an ignored field could be one that
 * changes what the container may touch. Hostile values of known fields are caught by job-policy.ts.
 */

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'an environment variable name (letters, digits, _)');
const ContainerPath = z.string().max(1024).regex(/^\//, 'an absolute path inside the container');

const Command = z.union([z.string().max(65_536), z.array(z.string().max(65_536)).max(256)]);

/** A named volume made for this job (never a host path: see job-policy.ts). */
export const VolumeSchema = z.object({ name: z.string().max(128), dest: ContainerPath }).strict();

export const ContainerRunArgsSchema = z
  .object({
    image: z.string().max(255),
    cmd: Command.optional(),
    entrypoint: Command.optional(),
    env: z.record(EnvName, z.string().max(32_768)).optional(),
    work_dir: ContainerPath.optional(),
    gpu: z.boolean().optional(),
    expose: z.union([z.number().int(), ExposedPortSchema, z.array(z.union([z.number().int(), ExposedPortSchema])).max(8)]).optional(),
    required_vram: z.number().nonnegative().optional(),
    volumes: z.array(VolumeSchema).max(8).optional(),
  })
  .strict();
export type ContainerRunArgs = z.infer<typeof ContainerRunArgsSchema>;

export const ContainerRunOpSchema = z
  .object({
    type: z.literal('container/run'),
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'an op id (letters, digits, - and _, at most 64)'),
    args: ContainerRunArgsSchema,
  })
  .strict();
export type ContainerRunOp = z.infer<typeof ContainerRunOpSchema>;

export const JobDefinitionSchema = z
  .object({
    version: z.literal('0.1'),
    type: z.literal('container'),
    meta: z
      .object({
        trigger: z.string().max(64).optional(),
        description: z.string().max(2000).optional(),
        system_requirements: z.object({ required_vram: z.number().nonnegative().optional() }).strict().optional(),
      })
      .strict()
      .optional(),
    global: z
      .object({
        image: z.string().max(255).optional(),
        gpu: z.boolean().optional(),
        env: z.record(EnvName, z.string().max(32_768)).optional(),
        work_dir: ContainerPath.optional(),
      })
      .strict()
      .optional(),
    ops: z.array(ContainerRunOpSchema).min(1).max(8),
  })
  .strict();
export type JobDefinition = z.infer<typeof JobDefinitionSchema>;
