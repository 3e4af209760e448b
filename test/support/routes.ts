import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE } from '../../src/core/auth/auth.decorators';

export interface Route {
  method: string;
  /** With its parameters, e.g. `/u/:token`. */
  path: string;
  controller: string;
  handler: string;
  public: boolean;
  targets: [(...args: unknown[]) => unknown, new (...args: unknown[]) => unknown];
}

function join(...parts: Array<string | string[] | undefined>): string {
  const segments = parts.flatMap((part) => (Array.isArray(part) ? part[0] : part) ?? '').join('/');
  return `/${segments.split('/').filter(Boolean).join('/')}`;
}

/** Every route the application's controllers declare, with whether it needs no API key. */
export function listRoutes(app: INestApplication): Route[] {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const seen = new Set<unknown>();
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = controller.prototype[name] as (...args: unknown[]) => unknown;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const targets: Route['targets'] = [handler, controller];
        routes.push({
          method,
          path: join(Reflect.getMetadata(PATH_METADATA, controller), path),
          controller: controller.name,
          handler: name,
          public: Boolean(reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)),
          targets,
        });
      }
    }
  }
  return routes;
}
