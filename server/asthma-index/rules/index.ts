// The pure parts of the daily children's asthma index: parameters, districts, scoring, advice, provider parsing.
export * from './params-v0.1';
export * from './params-v0.2';
export * from './params';
export * from './aqi';
export * from './districts';
export * from './features';
export * from './score';
export * from './advice';
export * from './open-meteo';
export * from './weather-csv';
