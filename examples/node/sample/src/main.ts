import { fizzBuzz } from './fizz';

for (let n = 1; n <= 15; n++) console.log(fizzBuzz(n));
