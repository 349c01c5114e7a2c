// The nianbao.* settings as the server reads them. No 'vscode' import: the
// tests check this shape without an editor.

/** The server's configuration section `nianbao`, minus client-only keys. */
export interface ServerSettings {
    template: 'auto' | '2019' | '2021';
    disabledRules: string[];
    severity: Record<string, string>;
    /** Present only when set to a positive integer: the server's default is 1000. */
    overviewLength?: { max: number };
}

/** Anything with a `get`, such as vscode.WorkspaceConfiguration. */
export interface ConfigurationLike {
    get<T>(section: string): T | undefined;
}

/**
 * Builds the initializationOptions from the user's settings. Unknown or
 * mistyped values fall back to the defaults, so that a typo in settings.json
 * never stops the server from starting.
 */
export function serverSettings(config: ConfigurationLike): ServerSettings {
    const template = config.get<string>('template');
    const disabledRules = config.get<unknown>('disabledRules');
    const severity = config.get<unknown>('severity');
    const overviewMax = config.get<unknown>('overviewLength.max');
    const settings: ServerSettings = {
        template: template === '2019' || template === '2021' ? template : 'auto',
        disabledRules: Array.isArray(disabledRules)
            ? disabledRules.filter((r): r is string => typeof r === 'string')
            : [],
        severity: severity !== null && typeof severity === 'object' && !Array.isArray(severity)
            ? Object.fromEntries(Object.entries(severity).filter(([, v]) => typeof v === 'string'))
            : {},
    };
    if (typeof overviewMax === 'number' && Number.isInteger(overviewMax) && overviewMax > 0) {
        settings.overviewLength = { max: overviewMax };
    }
    return settings;
}
