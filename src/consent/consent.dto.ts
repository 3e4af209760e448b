import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBooleanString, IsDateString, IsIn, IsIP, IsOptional, IsString, MaxLength } from 'class-validator';
import { CONSENT_METHODS, LEDGER_CHANNELS, LEGAL_BASES } from './consent.types';

export class RecordConsentDto {
  @ApiProperty() @IsString() @MaxLength(100) external_id!: string;
  @ApiProperty({ enum: LEDGER_CHANNELS }) @IsIn(LEDGER_CHANNELS) channel!: string;
  @ApiProperty({ enum: ['granted', 'withdrawn'] }) @IsIn(['granted', 'withdrawn']) status!: string;
  @ApiProperty({ enum: CONSENT_METHODS }) @IsIn(CONSENT_METHODS) method!: string;
  @ApiPropertyOptional({ enum: LEGAL_BASES, default: 'consent' }) @IsOptional() @IsIn(LEGAL_BASES) legal_basis?: string;
  @ApiPropertyOptional({ example: 'formulaire site web, page /newsletter' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  source?: string;
  @ApiPropertyOptional({ example: "J'accepte de recevoir les offres de Maison Atlas par e-mail." })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  wording?: string;
  @ApiPropertyOptional({ description: 'ISO-8601; defaults to now' })
  @IsOptional()
  @IsDateString()
  collected_at?: string;
  @ApiPropertyOptional() @IsOptional() @IsIP() ip?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) user_agent?: string;
}

export class AddSuppressionDto {
  @ApiProperty({ enum: ['email', 'sms', 'phone'] }) @IsIn(['email', 'sms', 'phone']) channel!: string;
  @ApiProperty({ description: 'e-mail address or phone number' }) @IsString() @MaxLength(320) address!: string;
  @ApiPropertyOptional({
    enum: ['unsubscribed', 'hard_bounce', 'spam_complaint', 'do_not_call', 'manual'],
    default: 'manual',
  })
  @IsOptional()
  @IsIn(['unsubscribed', 'hard_bounce', 'spam_complaint', 'do_not_call', 'manual'])
  reason?: string;
}

export class ReachabilityQuery {
  @ApiPropertyOptional({ enum: ['marketing', 'service'], default: 'marketing' })
  @IsOptional()
  @IsIn(['marketing', 'service'])
  purpose?: string;
  @ApiPropertyOptional({ description: 'the message relates to the recipient’s profession (B2B e-mail exception)' })
  @IsOptional()
  @IsBooleanString()
  professional?: string;
  @ApiPropertyOptional({ description: 'analogous products to a customer (soft opt-in)' })
  @IsOptional()
  @IsBooleanString()
  soft_opt_in?: string;
}
