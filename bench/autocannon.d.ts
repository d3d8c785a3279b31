// Minimal typings of the autocannon API the load bench uses (the package ships none).
declare module 'autocannon' {
  namespace autocannon {
    interface RequestSpec {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (req: RequestSpec, context: Record<string, unknown>) => RequestSpec;
      onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
    }
    interface Options {
      url: string;
      connections: number;
      duration: number;
      headers?: Record<string, string>;
      requests?: RequestSpec[];
      timeout?: number;
    }
    interface Result {
      requests: { total: number };
      errors: number;
      timeouts: number;
      non2xx: number;
    }
    interface Instance extends PromiseLike<Result> {
      on(
        event: 'response',
        fn: (client: unknown, status: number, bytes: number, responseTime: number) => void,
      ): void;
    }
  }
  function autocannon(opts: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
