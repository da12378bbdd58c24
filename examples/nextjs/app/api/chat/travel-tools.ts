import { tool } from 'ai';
import { z } from 'zod';

/**
 * The chat's tools, with outputs the size real ones have: a weather service answers with an hourly
 * forecast, not one line. Made up and deterministic (no clock, no randomness), so every run sends the same
 * bytes. Over HTTP each output goes out again with every later step; over the socket, once.
 */

const CITIES: Record<string, { temperatureC: number; sky: string; sunrise: string; sunset: string }> = {
  oslo: { temperatureC: 4, sky: 'overcast', sunrise: '07:41', sunset: '16:32' },
  lisbon: { temperatureC: 19, sky: 'sunny', sunrise: '07:22', sunset: '18:19' },
  tokyo: { temperatureC: 12, sky: 'light rain', sunrise: '06:02', sunset: '16:48' },
};
const OTHER = { temperatureC: 15, sky: 'clear', sunrise: '07:00', sunset: '17:30' };

/** The day's swing around the current temperature, hour by hour from now (°C). */
const SWING = [0, 0, 1, 1, 2, 2, 3, 3, 3, 2, 2, 1, 1, 0, 0, -1, -1, -2, -2, -2, -1, -1, 0, 0];

function forecast(city: string): string {
  const known = CITIES[city.toLowerCase()] ?? OTHER;
  const rainy = /rain|overcast/.test(known.sky);
  const hours = SWING.map((swing, hour) => {
    const wind = 6 + ((hour * 7) % 11);
    const rain = rainy ? 20 + ((hour * 13) % 50) : (hour * 3) % 10;
    return `  +${String(hour + 1).padStart(2)} h  ${known.temperatureC + swing} °C  ${known.sky}, wind ${wind} km/h, rain ${rain}%`;
  });
  // The current temperature is the first number: what a reader (and the demo model) passes on.
  return [
    `${city}: ${known.temperatureC} °C, ${known.sky}`,
    `sunrise ${known.sunrise}, sunset ${known.sunset}; the next 24 hours:`,
    ...hours,
  ].join('\n');
}

const COLD = [
  'thermal base layer (top and leggings)',
  'wool sweater or fleece',
  'warm hat, scarf and gloves',
  'waterproof boots with a good grip',
  'wool socks, two pairs a day in wet weather',
  'lip balm and hand cream against the cold, dry air',
  'a small umbrella',
];
const MILD = [
  'a light jacket or cardigan for the evening',
  'breathable shirts and T-shirts',
  'comfortable walking shoes',
  'sunglasses and sunscreen (SPF 30 or more)',
  'a sun hat',
  'a refillable water bottle',
];

function packingList(city: string, temperatureC: number): string {
  const cold = temperatureC < 10;
  return [
    `${cold ? 'a warm coat and gloves' : 'a light jacket'} for ${city} at ${temperatureC} °C, and:`,
    ...(cold ? COLD : MILD).map((item) => `  - ${item}`),
  ].join('\n');
}

export const travelTools = {
  weather: tool({
    description:
      'Current weather in a city, with sunrise, sunset and an hourly forecast for the next 24 hours.',
    inputSchema: z.object({ city: z.string().describe('City name') }),
    execute: async ({ city }) => forecast(city),
  }),
  packing: tool({
    description: 'A packing list for a city at a temperature in °C.',
    inputSchema: z.object({
      city: z.string().describe('City name'),
      temperatureC: z.number().describe('Temperature in °C'),
    }),
    execute: async ({ city, temperatureC }) => packingList(city, temperatureC),
  }),
};
