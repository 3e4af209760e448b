import { IsOptional } from 'class-validator';
import { IsWholeNumberBetween, WholeNumberFromText } from '../core/http/pagination';

/** `relance demo --contacts <n> --seed <n>`: checked before anything is generated (a NaN count used to run on). */
export class DemoOptionsDto {
  @IsOptional() @WholeNumberFromText() @IsWholeNumberBetween(1, 1_000_000) contacts?: number;
  @IsOptional() @WholeNumberFromText() @IsWholeNumberBetween(0, 2_147_483_647) seed?: number;
}
