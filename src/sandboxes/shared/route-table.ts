/**
 * A sandbox's API routes: `{name}` in a pattern matches one path segment, and the
 * first route whose method and pattern match wins. Segments are URL-decoded (a segment
 * that is not valid percent-encoding is passed as written).
 */
export interface RouteSpec {
  method: string;
  pattern: string;
}

export interface RouteOptions {
  /** Put before every pattern, e.g. `/v72`. */
  prefix?: string;
  /** What one `{name}` segment may hold, as a regex fragment; default any but `/`. */
  segment?: string;
}

export interface TableMatch<Route extends RouteSpec> {
  route: Route;
  pathParams: Record<string, string>;
}

export type RouteMatcher<Route extends RouteSpec> = (method: string, path: string) => TableMatch<Route> | undefined;

export function routeMatcher<Route extends RouteSpec>(routes: readonly Route[], options: RouteOptions = {}): RouteMatcher<Route> {
  const compiled = routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern.replace(/\{(\w+)\}/g, (_match, name: string) => {
      names.push(name);
      return `(${options.segment ?? '[^/]+'})`;
    });
    return { route, regex: new RegExp(`^${options.prefix ?? ''}${source}$`), names };
  });
  return (method, path) => {
    for (const { route, regex, names } of compiled) {
      if (route.method !== method) continue;
      const match = regex.exec(path);
      if (!match) continue;
      const pathParams: Record<string, string> = {};
      names.forEach((name, index) => {
        pathParams[name] = safeDecode(match[index + 1] ?? '');
      });
      return { route, pathParams };
    }
    return undefined;
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
